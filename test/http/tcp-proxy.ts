import { createServer, connect, type Server, type Socket } from 'node:net'
import { once } from 'node:events'

/**
 * A TCP proxy in front of a real service (Redis, PostgreSQL), so a test can make
 * the service vanish for the app, as a crash or a network partition would, and
 * come back on the same address, without touching the service other tests use.
 */
export interface TcpProxy {
  port: number
  /** Stops listening and cuts every open connection. */
  cut(): Promise<void>
  /** Listens again on the same port. */
  restore(): Promise<void>
  close(): Promise<void>
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0

  async function listen() {
    server = createServer((client) => {
      const upstream = connect(target.port, target.host)
      for (const s of [client, upstream]) {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
        s.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
    port = (server.address() as { port: number }).port
  }

  async function cut() {
    if (!server) return
    const closing = once(server, 'close')
    server.close()
    for (const s of sockets) s.destroy()
    await closing
    server = undefined
  }

  await listen()
  return {
    get port() {
      return port
    },
    cut,
    restore: listen,
    close: cut,
  }
}

/** host and port of a redis:// or postgresql:// URL. */
export function addressOf(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url)
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) }
}

/** The same URL, pointing at another port on 127.0.0.1. */
export function viaPort(url: string, port: number): string {
  const parsed = new URL(url)
  parsed.hostname = '127.0.0.1'
  parsed.port = String(port)
  return parsed.toString()
}

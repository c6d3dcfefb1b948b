/**
 * Reads a password from the terminal without echoing it. Raw mode hands us
 * each keystroke, so nothing is printed; the prompt goes to stderr to keep
 * stdout for the script's result. Ctrl-C aborts with the usual exit code 130.
 */
export function promptPassword(prompt: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) return Promise.reject(new Error('stdin is not a terminal'))
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  let password = ''
  return new Promise((resolve) => {
    const finish = () => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.removeListener('data', onData)
      process.stderr.write('\n')
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish()
          return resolve(password)
        }
        if (char === '\u0003') {
          finish()
          process.exit(130)
        }
        if (char === '\u007f' || char === '\b') password = password.slice(0, -1)
        else if (char >= ' ') password += char
      }
    }
    stdin.on('data', onData)
  })
}

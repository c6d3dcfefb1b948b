/** Why a send failed, and whether trying again can help. */
export interface SendFailure {
  permanent: boolean
  /** The SMTP reply code, when the server gave one. */
  smtpCode: number | null
  reason: string
}

type NodemailerError = Error & { code?: string; responseCode?: number; response?: string }

/**
 * Sorts a nodemailer error. 5xx replies are permanent (a bad address, a
 * refused message): retrying would be refused again. 4xx replies (the server
 * is busy, greylisting) and errors without a reply (refused connection,
 * timeout, a dropped socket) are transient. A message nodemailer cannot even
 * build or address (EENVELOPE or EMESSAGE without a reply) fails the same way
 * every time, so it is permanent too.
 */
export function classifySendError(error: unknown): SendFailure {
  const e = error as NodemailerError
  const smtpCode = typeof e.responseCode === 'number' ? e.responseCode : null
  const permanent = smtpCode !== null ? smtpCode >= 500 : e.code === 'EENVELOPE' || e.code === 'EMESSAGE'
  const reason = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim().slice(0, 500)
  return { permanent, smtpCode, reason: e.code && !reason.includes(e.code) ? `${e.code}: ${reason}` : reason }
}

/** The reply code of a successful send ("250 2.0.0 OK …" → 250). */
export function replyCode(response: string | undefined): number | null {
  const code = Number.parseInt(response ?? '', 10)
  return Number.isInteger(code) ? code : null
}

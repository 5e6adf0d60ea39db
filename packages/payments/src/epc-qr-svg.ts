import QRCode from 'qrcode'
import { epcQrPayload, type EpcQrError, type EpcQrInput } from '@quittance/domain/banking/epc-qr'
import { ok, type Result } from '@quittance/domain/shared/result'

/**
 * The EPC QR code of a SEPA credit transfer as an SVG data URL, ready for an <img> (the portal's CSP allows data:
 * images and nothing from elsewhere). Error correction level M, as EPC069-12 requires.
 */
export async function epcQrDataUrl(input: EpcQrInput): Promise<Result<string, EpcQrError>> {
  const payload = epcQrPayload(input)
  if (!payload.ok) return payload
  const svg = await QRCode.toString(payload.value, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return ok(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`)
}


// shared compiles with lib ES2022 and no @types, so neither Node nor the DOM leaks in.
// TextEncoder/TextDecoder are the one host API we need (UTF-8 for SMTPUTF8 and for the
// transcript); every host we run on (Node >= 11, every browser) has them as globals.
// Declaring just their shape keeps the rest of the host out of reach.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

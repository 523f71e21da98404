// The TencentCloud API 3.0 answer envelope: errors arrive with HTTP 200 and `Response.Error`, successes carry the
// action's fields; both always carry a RequestId. https://www.tencentcloud.com/document/api/647/34267

/** An API failure, answered as `{"Response":{"Error":{"Code","Message"},"RequestId"}}`. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

export function errorEnvelope(code: string, message: string, requestId: string): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}

export function successEnvelope(fields: Record<string, unknown>, requestId: string): string {
  return JSON.stringify({ Response: { ...fields, RequestId: requestId } });
}

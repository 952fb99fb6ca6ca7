// An error that carries the HTTP status Kafka Connect's REST API answers with; the router turns it
// into Kafka's error body {"error_code": status, "message": message}.
import { ConnectError } from '../../api/errors.ts';

export class RestError extends ConnectError {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const badRequest = (message: string) => new RestError(400, message);
export const notFound = (message: string) => new RestError(404, message);
export const conflict = (message: string) => new RestError(409, message);

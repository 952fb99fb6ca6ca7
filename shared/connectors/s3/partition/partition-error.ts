// io.confluent.connect.storage.errors.PartitionException: a record cannot be placed in a partition.
import { ConnectError } from '../../../api/errors.ts';

export class PartitionError extends ConnectError {
  override javaClassName = 'io.confluent.connect.storage.errors.PartitionException';
}

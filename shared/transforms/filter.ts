// org.apache.kafka.connect.transforms.Filter: drops every record; meant to be used with a predicate.
import { ConfigDef } from '../api/config-def.ts';
import type { Transformation } from '../api/transformation.ts';

export class Filter implements Transformation {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(): void {}

  apply(): null {
    return null;
  }
}

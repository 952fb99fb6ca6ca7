// The REST API's descriptions of config keys (GET /connector-plugins/{plugin}/config) and of a
// validation (PUT /connector-plugins/{plugin}/config/validate), in Kafka Connect 4.1's JSON shapes
// (ConfigKeyInfo, ConfigValueInfo, ConfigInfos).
import {
  type ConfigDef,
  type ConfigKey,
  type ConfigValue,
  formatValue,
  NO_DEFAULT,
} from '../../api/config-def.ts';
import type { ConnectorValidation } from '../../config/validate-connector.ts';

export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  width: string;
  display_name: string;
  dependents: string[];
  /** Kafka 4.1 calls the order in group `order` in this response. */
  order: number;
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: { definition: ConfigKeyInfo; value: ConfigValueInfo }[];
}

export function configKeyInfo(key: ConfigKey): ConfigKeyInfo {
  const required = key.defaultValue === NO_DEFAULT;
  return {
    name: key.name,
    type: key.type,
    required,
    default_value: required ? null : formatValue(key.defaultValue),
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
    order: key.orderInGroup,
  };
}

/** Keys as Kafka lists them for a plugin: the plugin's own keys first, then the embedded ones. */
export function configKeyInfos(definition: ConfigDef): ConfigKeyInfo[] {
  return [...definition.keys()].map(configKeyInfo);
}

/**
 * The validate response. Problems that belong to no single key are attached to the keys they are
 * about, as Kafka does (the topics/topics.regex rule reports on both keys).
 * `displayValue` decides what value is shown for a key, so secrets resolved for validation are
 * never echoed (see connector-service.ts).
 */
export function configInfos(
  name: string,
  validation: ConnectorValidation,
  displayValue: (key: string, value: ConfigValue) => string | null,
): ConfigInfos {
  const groups: string[] = [];
  const configs: ConfigInfos['configs'] = [];
  const values = new Map(
    [...validation.values].map(([key, value]) => [key, { ...value, errors: [...value.errors] }]),
  );
  for (const error of validation.generalErrors) {
    const about = ['topics', 'topics.regex'].filter((key) => error.includes(key) && values.has(key));
    for (const key of about) values.get(key)!.errors.push(error);
  }
  let errorCount = 0;
  for (const key of validation.definition.keys()) {
    if (key.group !== null && !groups.includes(key.group)) groups.push(key.group);
    const value = values.get(key.name);
    if (!value) continue;
    errorCount += value.errors.length;
    configs.push({ definition: configKeyInfo(key), value: valueInfo(key.name, value, displayValue) });
  }
  // Keys outside the ConfigDefs (e.g. an unknown converter class) are reported without a definition
  // of their own in Kafka only when they have errors; we give them a minimal one so the shape holds.
  for (const [keyName, value] of values) {
    if (validation.definition.key(keyName)) continue;
    errorCount += value.errors.length;
    configs.push({
      definition: {
        name: keyName,
        type: 'STRING',
        required: false,
        default_value: null,
        importance: 'LOW',
        documentation: '',
        group: null,
        width: 'NONE',
        display_name: keyName,
        dependents: [],
        order: -1,
      },
      value: valueInfo(keyName, value, displayValue),
    });
  }
  // General errors that name no key still count, so error_count never hides a problem.
  for (const error of validation.generalErrors) {
    if (!['topics', 'topics.regex'].some((key) => error.includes(key) && values.has(key))) errorCount++;
  }
  return { name, error_count: errorCount, groups, configs };
}

function valueInfo(
  name: string,
  value: ConfigValue,
  displayValue: (key: string, value: ConfigValue) => string | null,
): ConfigValueInfo {
  return {
    name,
    value: displayValue(name, value),
    recommended_values: value.recommendedValues.map((v) => formatValue(v) ?? ''),
    errors: value.errors,
    visible: value.visible,
  };
}

/** All errors of a validation as Kafka lists them in the 400 message, general ones on both keys. */
export function listedErrors(infos: ConfigInfos, validation: ConnectorValidation): string[] {
  const errors = infos.configs.flatMap((c) => c.value.errors);
  for (const error of validation.generalErrors) {
    if (!['topics', 'topics.regex'].some((key) => error.includes(key))) errors.unshift(error);
  }
  return errors;
}

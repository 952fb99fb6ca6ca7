// The Single Message Transforms and predicates this project ships, by their Kafka Connect class names.
import type { PredicatePlugin, TransformationPlugin } from '../api/plugin.ts';

export const transformationPlugins: readonly TransformationPlugin[] = [];

export const predicatePlugins: readonly PredicatePlugin[] = [];

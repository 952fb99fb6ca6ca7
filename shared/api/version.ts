// The version every built-in plugin reports (GET /connector-plugins), kept in step with package.json.
export const VERSION = '0.1.0';

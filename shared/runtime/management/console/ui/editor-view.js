// Create a connector from pasted JSON, or edit one's config. The JSON is Kafka Connect's: either
// {"name": ..., "config": {...}} or a flat config with "name" in it. Before anything is stored the
// config goes to the validate endpoint, and its errors are shown next to the keys they belong to;
// only a config without errors is sent (POST /connectors, or PUT /connectors/{name}/config).
import { call, get, segment } from './api.js';
import { fill, h } from './dom.js';

const TEMPLATE = {
  name: 'my-connector',
  config: {
    'connector.class': 'FileStreamSink',
    'tasks.max': '1',
    topics: 'my-topic',
    file: 'my-connector.txt',
  },
};

export function editorView(existingName, navigate) {
  const editing = existingName !== undefined;
  const textarea = h('textarea', {
    id: 'connector-json',
    rows: 18,
    spellcheck: 'false',
    'aria-describedby': 'connector-json-help',
  });
  const message = h('div', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'validation' });
  let plugins;

  const parse = () => {
    let value;
    try {
      value = JSON.parse(textarea.value);
    } catch (error) {
      return { problem: `Not valid JSON: ${error.message}` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { problem: 'Expected a JSON object: {"name": ..., "config": {...}}' };
    const nested = value.config !== undefined && typeof value.config === 'object' && value.config !== null;
    const raw = nested ? value.config : value;
    const name = String((nested ? value.name : raw.name) ?? raw.name ?? '').trim();
    const config = {};
    const localErrors = {};
    for (const [key, entry] of Object.entries(raw)) {
      if (typeof entry === 'string') config[key] = entry;
      else if (typeof entry === 'number' || typeof entry === 'boolean') config[key] = String(entry);
      else localErrors[key] = ['Config values are strings (numbers and booleans are taken as text)'];
    }
    if (!name) localErrors.name = ['A connector needs a name'];
    else config.name = name;
    if (editing && name && name !== existingName)
      localErrors.name = [`The name cannot change here (${existingName}); create a new connector instead`];
    return { name, config, localErrors };
  };

  const pluginFor = async (connectorClass) => {
    plugins ??= await get('/connector-plugins');
    return plugins.find((p) => {
      const simple = p.class.split('.').pop();
      return [p.class, simple, simple.replace(/Connector$/, '')].includes(connectorClass);
    });
  };

  /** Validates; returns the config when it may be sent, after showing what is wrong otherwise. */
  const validate = async () => {
    fill(results);
    const parsed = parse();
    if (parsed.problem) {
      fill(message, h('span', { class: 'error' }, parsed.problem));
      return undefined;
    }
    const { name, config, localErrors } = parsed;
    const connectorClass = config['connector.class'];
    if (!connectorClass)
      localErrors['connector.class'] = ['Missing required configuration "connector.class"'];
    else if (!(await pluginFor(connectorClass)))
      localErrors['connector.class'] = [`No connector plugin named ${connectorClass} is installed`];
    if (Object.keys(localErrors).length > 0) {
      showErrors(results, config, localErrors);
      fill(
        message,
        h(
          'span',
          { class: 'error' },
          `${Object.keys(localErrors).length} problem(s), shown next to the keys.`,
        ),
      );
      return undefined;
    }
    const answer = await call('PUT', `/connector-plugins/${segment(connectorClass)}/config/validate`, config);
    const errors = {};
    for (const entry of answer.configs) {
      if (entry.value.errors.length > 0) errors[entry.value.name] = entry.value.errors;
    }
    if (answer.error_count > 0) {
      showErrors(results, config, errors);
      fill(message, h('span', { class: 'error' }, `${answer.error_count} error(s), shown next to the keys.`));
      return undefined;
    }
    fill(message, 'The config is valid.');
    return { name, config };
  };

  const run = (action) => async (event) => {
    event.preventDefault();
    try {
      await action();
    } catch (error) {
      fill(message, h('span', { class: 'error' }, error.message));
    }
  };

  const save = run(async () => {
    const valid = await validate();
    if (!valid) return;
    if (editing) await call('PUT', `/connectors/${segment(valid.name)}/config`, valid.config);
    else await call('POST', '/connectors', { name: valid.name, config: valid.config });
    navigate(`#/connector/${segment(valid.name)}`);
  });

  const view = {
    title: editing ? `Edit ${existingName}` : 'New connector',
    polls: false,
    element: h(
      'section',
      { class: 'editor', 'aria-labelledby': 'editor-title' },
      h('h1', { id: 'editor-title' }, editing ? `Edit ${existingName}` : 'New connector'),
      h(
        'form',
        { onsubmit: save },
        h('label', { for: 'connector-json' }, 'Connector JSON'),
        h(
          'p',
          { id: 'connector-json-help', class: 'help' },
          'Kafka Connect\'s JSON: {"name": ..., "config": {...}} or a flat config with "name". It is validated before it is saved.',
        ),
        textarea,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: run(validate) }, 'Validate'),
          h('button', { type: 'submit', class: 'primary' }, editing ? 'Save config' : 'Create connector'),
        ),
      ),
      message,
      results,
    ),
    async refresh() {
      if (textarea.value) return;
      if (editing) {
        const config = await get(`/connectors/${segment(existingName)}/config`);
        const { name, ...rest } = config;
        textarea.value = JSON.stringify({ name: name ?? existingName, config: rest }, null, 2);
      } else textarea.value = JSON.stringify(TEMPLATE, null, 2);
    },
  };
  return view;
}

function showErrors(element, config, errors) {
  const keys = [...new Set([...Object.keys(errors), ...Object.keys(config)])];
  keys.sort((a, b) => Number(!(a in errors)) - Number(!(b in errors)) || a.localeCompare(b));
  fill(
    element,
    h(
      'table',
      { class: 'validation-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Key', 'Value', 'Errors'].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        keys.map((key) =>
          h(
            'tr',
            { class: key in errors ? 'invalid' : '', 'data-key': key },
            h('th', { scope: 'row' }, key),
            h('td', {}, config[key] ?? '(not set)'),
            h(
              'td',
              {},
              key in errors
                ? h(
                    'ul',
                    { class: 'errors' },
                    errors[key].map((e) => h('li', {}, e)),
                  )
                : '✓',
            ),
          ),
        ),
      ),
    ),
  );
}

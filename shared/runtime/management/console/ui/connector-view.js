// One connector: its state and actions, the autoscaler's decision and history, the lease map, the
// tasks (with the trace of a failed one), the dead letter queue count and the stored config (secrets
// are shown as the references they are stored as: the API never holds a resolved secret).
// Actions go through Kafka Connect's REST API; a button is enabled only when the API would accept
// its request in the connector's current state.
import { call, get, segment } from './api.js';
import { fill, h } from './dom.js';
import { number, rate, stateClass, time } from './format.js';
import { leaseMap } from './lease-map.js';

export function connectorView(name, navigate) {
  const path = `/connectors/${segment(name)}`;
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const stateBadge = h('span', { class: 'state' }, '…');
  const sections = {
    summary: h('div'),
    autoscaler: h('div'),
    leases: h('div', { id: 'lease-map' }),
    tasks: h('div'),
    config: h('div'),
  };
  let confirmingDelete = false;

  const act = async (label, method, target, after) => {
    fill(message, `${label}…`);
    try {
      await call(method, target);
      fill(message, `${label}: done.`);
      if (after) return after();
      await view.refresh();
    } catch (error) {
      fill(message, h('span', { class: 'error' }, `${label} failed: ${error.message}`));
    }
  };

  const buttons = {
    pause: h('button', { type: 'button', onclick: () => act('Pause', 'PUT', `${path}/pause`) }, 'Pause'),
    resume: h('button', { type: 'button', onclick: () => act('Resume', 'PUT', `${path}/resume`) }, 'Resume'),
    stop: h('button', { type: 'button', onclick: () => act('Stop', 'PUT', `${path}/stop`) }, 'Stop'),
    restart: h(
      'button',
      { type: 'button', onclick: () => act('Restart', 'POST', `${path}/restart?includeTasks=true`) },
      'Restart with tasks',
    ),
    restartFailed: h(
      'button',
      {
        type: 'button',
        onclick: () =>
          act('Restart failed tasks', 'POST', `${path}/restart?includeTasks=true&onlyFailed=true`),
      },
      'Restart failed tasks',
    ),
    edit: h('a', { class: 'button', href: `#/edit/${segment(name)}` }, 'Edit config'),
    resetOffsets: h(
      'button',
      { type: 'button', onclick: () => act('Reset offsets', 'DELETE', `${path}/offsets`) },
      'Reset offsets',
    ),
    delete: h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: () => {
          if (!confirmingDelete) {
            confirmingDelete = true;
            fill(buttons.delete, 'Confirm delete');
            fill(message, 'Press "Confirm delete" to delete this connector and its offsets.');
            return;
          }
          return act('Delete', 'DELETE', path, () => navigate('#/'));
        },
      },
      'Delete',
    ),
  };

  const view = {
    title: name,
    element: h(
      'article',
      { class: 'connector', 'data-connector': name },
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Connectors'), ' / '),
      h('h1', {}, h('span', { class: 'connector-name' }, name), ' ', stateBadge),
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' }, Object.values(buttons)),
      message,
      sections.summary,
      h(
        'section',
        { 'aria-labelledby': 'lease-map-title' },
        h('h2', { id: 'lease-map-title' }, 'Lease map'),
        sections.leases,
      ),
      h(
        'section',
        { 'aria-labelledby': 'autoscaler-title' },
        h('h2', { id: 'autoscaler-title' }, 'Autoscaler'),
        sections.autoscaler,
      ),
      h(
        'section',
        { 'aria-labelledby': 'tasks-title' },
        h('h2', { id: 'tasks-title' }, 'Tasks'),
        sections.tasks,
      ),
      h(
        'section',
        { 'aria-labelledby': 'config-title' },
        h('h2', { id: 'config-title' }, 'Config'),
        sections.config,
      ),
    ),
    async refresh() {
      const [status, config, leases] = await Promise.all([
        get(`${path}/status`),
        get(`${path}/config`),
        get(`${path}/leases`),
      ]);
      const state = status.connector.state;
      stateBadge.className = stateClass(state);
      fill(stateBadge, state);
      buttons.pause.disabled = state !== 'RUNNING';
      buttons.resume.disabled = state !== 'PAUSED' && state !== 'STOPPED';
      buttons.stop.disabled = state === 'STOPPED';
      buttons.restart.disabled = state === 'STOPPED';
      buttons.restartFailed.disabled = !status.tasks.some((t) => t.state === 'FAILED') && state !== 'FAILED';
      buttons.resetOffsets.disabled = state !== 'STOPPED';
      renderSummary(sections.summary, status, config, leases);
      fill(sections.leases, leaseMap(leases));
      renderAutoscaler(sections.autoscaler, leases);
      renderTasks(sections.tasks, status, (task) =>
        act(`Restart task ${task}`, 'POST', `${path}/tasks/${task}/restart`),
      );
      renderConfig(sections.config, config);
    },
  };
  return view;
}

function definitionList(entries) {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function renderSummary(element, status, config, leases) {
  const totalLag = leases.partitions.some((p) => p.lag !== null)
    ? leases.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0)
    : null;
  fill(
    element,
    definitionList([
      ['Type', status.type],
      ['Class', config['connector.class'] ?? '–'],
      ['Worker', status.connector.worker_id],
      ['Tasks (active / max)', `${leases.active_tasks} / ${leases.tasks_max}`],
      ['Records/s', rate(leases.records_per_second)],
      ['Total lag', number(totalLag)],
      [
        'Dead letter queue',
        leases.dead_letter_queue
          ? `${number(leases.dead_letter_queue.records)} records in ${leases.dead_letter_queue.topic}`
          : 'none configured',
      ],
      ['Observed', time(leases.observed_at)],
    ]),
    status.connector.trace ? h('pre', { class: 'trace' }, status.connector.trace) : null,
  );
}

function renderAutoscaler(element, leases) {
  const scaling = leases.autoscaling;
  if (!scaling) {
    fill(
      element,
      h(
        'p',
        {},
        leases.type === 'source'
          ? 'Source connectors run every task (no lag to scale on).'
          : 'No decision yet.',
      ),
    );
    return;
  }
  fill(
    element,
    h('p', { class: 'decision' }, h('strong', {}, `${scaling.active_tasks} task(s): `), scaling.reason),
    scaling.history.length > 0
      ? h(
          'ol',
          { class: 'history', reversed: true },
          [...scaling.history]
            .reverse()
            .map((d) => h('li', {}, h('time', {}, time(d.at)), ` → ${d.active_tasks} task(s): ${d.reason}`)),
        )
      : null,
  );
}

function renderTasks(element, status, restart) {
  if (status.tasks.length === 0) {
    fill(element, h('p', {}, 'No tasks (a stopped connector has none).'));
    return;
  }
  fill(
    element,
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Task', 'State', 'Worker', ''].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        status.tasks.map((task) =>
          h(
            'tr',
            { 'data-task': task.id },
            h('th', { scope: 'row' }, String(task.id)),
            h(
              'td',
              {},
              h('span', { class: stateClass(task.state) }, task.state),
              task.trace
                ? h('details', {}, h('summary', {}, 'Trace'), h('pre', { class: 'trace' }, task.trace))
                : null,
            ),
            h('td', {}, task.worker_id),
            h(
              'td',
              {},
              h('button', { type: 'button', onclick: () => restart(task.id) }, `Restart task ${task.id}`),
            ),
          ),
        ),
      ),
    ),
  );
}

function renderConfig(element, config) {
  fill(
    element,
    h(
      'table',
      { class: 'config' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))),
      h(
        'tbody',
        {},
        Object.keys(config)
          .sort()
          .map((key) => h('tr', {}, h('th', { scope: 'row' }, key), h('td', {}, config[key]))),
      ),
    ),
  );
}

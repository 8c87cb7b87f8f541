// The key management view: pick a project, list its keys, create, reveal, revoke and rotate.
import { all, call, segment, withQuery } from './api.js';
import { hideSecret, showSecret } from './secrets.js';
import { button, clearMessages, el, fillSelect, showError, showStatus, time } from './ui.js';

const PAGE = 50;
const GRACE_PERIODS = [['0', 'no grace period'], ['3600', '1 hour'], ['86400', '1 day'], ['604800', '7 days']];

const $ = (id) => document.getElementById(id);
let nextCursor = null;

const project = () => $('project').value;

/** Fills the project and developer pickers; called after sign-in. */
export async function loadDirectory() {
  const [projects, developers] = await Promise.all([all('/admin/projects'), all('/admin/developers')]);
  fillSelect($('project'), projects.items.map((p) => [p.id, p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id]),
    projects.items.length ? 'Select a project' : 'No projects yet: create one with the admin API');
  const developerOptions = developers.items.map((d) => [d.id, d.name && d.name !== d.id ? `${d.name} (${d.id})` : d.id]);
  fillSelect($('key-developer'), developerOptions, 'Select a developer');
  fillSelect($('usage-developer'), developerOptions, 'Select a developer');
  if (project()) {
    await loadKeys();
  } else {
    showKeys([], false);
  }
}

async function loadKeys(more = false) {
  if (!project()) {
    showKeys([], false);
    return;
  }
  try {
    const page = await call('GET', withQuery(`/admin/projects/${segment(project())}/keys`,
      { limit: PAGE, cursor: more ? nextCursor : null }));
    nextCursor = page.nextCursor || null;
    showKeys(page.items, more);
  } catch (e) {
    showError(`Could not list the keys of ${project()}`, e);
  }
}

function showKeys(keys, append) {
  const body = $('keys-table').querySelector('tbody');
  if (!append) {
    body.replaceChildren();
  }
  for (const key of keys) {
    body.append(keyRow(key));
  }
  $('keys-project').textContent = project() ? `in ${project()}` : '';
  $('keys-empty').hidden = !project() || body.children.length > 0;
  $('keys-more').hidden = !nextCursor;
  $('create-key').disabled = !project();
}

function keyRow(key) {
  const row = el('tr');
  row.dataset.keyId = key.keyId;
  const expires = key.replacedBy ? `${time(key.expiresAt)} (rotated to ${key.replacedBy})` : time(key.expiresAt);
  row.append(
    el('td', 'key-id', el('code', null, key.keyId)),
    el('td', 'description', key.description),
    el('td', 'developer', key.developer),
    el('td', 'key-status', el('span', `badge ${key.status}`, key.status)),
    el('td', 'hint', el('code', null, `${key.keyHint}…`)),
    el('td', 'created', time(key.createdAt)),
    el('td', 'expires', expires),
    actions(key));
  return row;
}

function actions(key) {
  const cell = el('td', 'actions');
  if (key.status !== 'DELETED') {
    cell.append(button('Reveal', 'secondary reveal', () => reveal(key)));
  }
  if (key.status === 'ACTIVE') {
    cell.append(button('Revoke', 'danger revoke', () => confirmRevoke(cell, key)));
    cell.append(button('Rotate', 'secondary rotate', () => confirmRotate(cell, key)));
  }
  return cell;
}

/** Replaces a row's actions by a question and Confirm/Cancel, so no click revokes or rotates at once. */
function ask(cell, key, question, extra, confirmLabel, onConfirm) {
  const original = [...cell.childNodes];
  const cancel = button('Cancel', 'secondary cancel', () => cell.replaceChildren(...original));
  const confirm = button(confirmLabel, 'danger confirm', async () => {
    confirm.disabled = true;
    cancel.disabled = true;
    await onConfirm();
  });
  cell.replaceChildren(el('div', 'question', question, ...extra), confirm, cancel);
}

function confirmRevoke(cell, key) {
  ask(cell, key, `Revoke ${key.keyId}? Every gateway refuses it from then on.`, [], 'Confirm revoke', async () => {
    try {
      await call('POST', `/admin/keys/${segment(key.keyId)}/revoke`);
      showStatus(`Key ${key.keyId} revoked.`);
    } catch (e) {
      showError(`Could not revoke ${key.keyId}`, e);
    }
    await loadKeys();
  });
}

function confirmRotate(cell, key) {
  const grace = el('select', 'grace');
  fillSelect(grace, GRACE_PERIODS);
  grace.value = '86400';
  grace.setAttribute('aria-label', 'Grace period of the old key');
  ask(cell, key, `Rotate ${key.keyId}? The old key keeps working for `, [grace], 'Confirm rotate', async () => {
    try {
      const result = await call('POST', `/admin/keys/${segment(key.keyId)}/rotate`,
        { gracePeriodSeconds: Number(grace.value) });
      showStatus(`Key ${key.keyId} rotated; its replacement is ${result.newKey.keyId}.`);
      showSecret('Replacement API key', `${result.newKey.keyId} replaces ${key.keyId} for ${result.newKey.developer}.`,
        result.newKey.key);
    } catch (e) {
      showError(`Could not rotate ${key.keyId}`, e);
    }
    await loadKeys();
  });
}

async function reveal(key) {
  clearMessages();
  try {
    const revealed = await call('POST', `/admin/keys/${segment(key.keyId)}/reveal`);
    showSecret('API key', `${revealed.keyId} (${key.description}); this reveal is recorded in the key's trail.`,
      revealed.key);
  } catch (e) {
    showError(`Could not reveal ${key.keyId}`, e);
  }
}

async function createKey(event) {
  event.preventDefault();
  clearMessages();
  const description = $('key-description').value.trim();
  const developer = $('key-developer').value;
  if (!project() || !developer || !description) {
    showError('Cannot create a key', new Error('pick a project and a developer and write a description'));
    return;
  }
  const submit = $('create-key');
  submit.disabled = true;
  try {
    const issued = await call('POST', `/admin/projects/${segment(project())}/keys`, { developer, description });
    $('key-description').value = '';
    showStatus(`Key ${issued.keyId} created for ${issued.developer}.`);
    showSecret('New API key', `${issued.keyId}: "${issued.description}" for ${issued.developer} in ${issued.project}.`,
      issued.key);
    await loadKeys();
  } catch (e) {
    showError('Could not create the key', e);
  } finally {
    submit.disabled = !project();
  }
}

export function initKeys() {
  $('project').addEventListener('change', () => {
    hideSecret();
    clearMessages();
    nextCursor = null;
    loadKeys();
  });
  $('refresh-keys').addEventListener('click', () => loadKeys());
  $('keys-more').addEventListener('click', () => loadKeys(true));
  $('create-key-form').addEventListener('submit', createKey);
}

// The one place a key's value appears on the page: shown once after create, rotate or reveal,
// with a Copy button, and removed from the DOM again on Hide, after a minute, on a project
// change and on sign-out. The value is never logged and never kept anywhere else.

const SHOW_FOR_MS = 60_000;

const panel = () => document.getElementById('secret-panel');
let hideTimer = null;

/** Shows `value` under `title`; `note` says what happened, e.g. which key it is. */
export function showSecret(title, note, value) {
  hideSecret();
  document.getElementById('secret-title').textContent = title;
  document.getElementById('secret-note').textContent = note;
  document.getElementById('secret-value').textContent = value;
  document.getElementById('secret-copy-status').textContent =
    'Copy it now: it disappears from this page in a minute, or when you press Hide.';
  panel().hidden = false;
  hideTimer = setTimeout(hideSecret, SHOW_FOR_MS);
}

/** Removes the value from the page. */
export function hideSecret() {
  if (hideTimer !== null) {
    clearTimeout(hideTimer);
    hideTimer = null;
  }
  document.getElementById('secret-value').textContent = '';
  document.getElementById('secret-copy-status').textContent = '';
  panel().hidden = true;
}

async function copySecret() {
  const value = document.getElementById('secret-value').textContent;
  const status = document.getElementById('secret-copy-status');
  if (!value) {
    return;
  }
  try {
    await navigator.clipboard.writeText(value);
    status.textContent = 'Copied to the clipboard.';
  } catch (e) {
    status.textContent = 'The browser refused the clipboard: select the key and copy it by hand.';
  }
}

export function initSecrets() {
  document.getElementById('secret-copy').addEventListener('click', copySecret);
  document.getElementById('secret-hide').addEventListener('click', hideSecret);
}

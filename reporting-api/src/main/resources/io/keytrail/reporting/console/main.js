// Start-up and sign-in: shows the sign-in form or the console, switches views, signs out.
import { call, onUnauthorized, session } from './api.js';
import { initKeys, loadDirectory } from './keys.js';
import { hideSecret, initSecrets } from './secrets.js';
import { clearMessages, describe, showError } from './ui.js';
import { initUsage, resetUsage } from './usage.js';

const $ = (id) => document.getElementById(id);

function showSignIn(message) {
  hideSecret();
  resetUsage();
  clearMessages();
  $('console').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  $('token').value = '';
  $('sign-in-error').textContent = message || '';
  $('sign-in-error').hidden = !message;
  $('token').focus();
}

async function showConsole() {
  $('sign-in').hidden = true;
  $('sign-in-error').hidden = true;
  $('console').hidden = false;
  $('sign-out').hidden = false;
  select('keys');
  try {
    await loadDirectory();
  } catch (e) {
    showError('Could not load projects and developers', e);
  }
}

/** Checks the token with a real call before keeping it: a wrong token never gets past this form. */
async function signIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  $('token').value = '';
  if (!token) {
    return;
  }
  $('sign-in-button').disabled = true;
  try {
    await call('GET', '/admin/projects?limit=1', undefined, token);
    session.remember(token);
    await showConsole();
  } catch (e) {
    showSignIn(`Sign-in failed: ${describe(e)}`);
  } finally {
    $('sign-in-button').disabled = false;
  }
}

function signOut(message) {
  session.forget();
  showSignIn(message);
}

function select(view) {
  for (const name of ['keys', 'usage']) {
    $(`${name}-view`).hidden = name !== view;
    $(`tab-${name}`).setAttribute('aria-selected', String(name === view));
  }
}

function init() {
  initSecrets();
  initKeys();
  initUsage();
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('tab-keys').addEventListener('click', () => select('keys'));
  $('tab-usage').addEventListener('click', () => select('usage'));
  onUnauthorized((error) => signOut(`The admin token was refused (${error.message}); sign in again.`));
  if (session.token()) {
    showConsole();
  } else {
    showSignIn();
  }
}

init();

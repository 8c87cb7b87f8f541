// Small helpers for building the page. Text always goes in through textContent, never as HTML,
// so nothing the API returns (descriptions, user agents, paths) can become markup or script.

/** A new element with `className` and children (strings become text). */
export function el(tag, className, ...children) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

export function button(label, className, onClick) {
  const element = el('button', className, label);
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}

/** Shows a success message and clears the error line. */
export function showStatus(message) {
  const error = document.getElementById('error');
  error.hidden = true;
  const status = document.getElementById('status');
  status.textContent = message;
  status.hidden = false;
}

/** Shows an error message (an ApiError's own description when it is one) and clears the status line. */
export function showError(prefix, error) {
  if (error && error.status === 401) {
    return; // the sign-in form has taken over and says why
  }
  const status = document.getElementById('status');
  status.hidden = true;
  const line = document.getElementById('error');
  line.textContent = `${prefix}: ${describe(error)}`;
  line.hidden = false;
}

export function clearMessages() {
  document.getElementById('status').hidden = true;
  document.getElementById('error').hidden = true;
}

export function describe(error) {
  return typeof error.describe === 'function' ? error.describe() : String(error.message || error);
}

/** An ISO instant as local date and time, or a dash. */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** Replaces a select's options by `items` (value, label pairs), keeping the choice when it is still there. */
export function fillSelect(select, items, placeholder) {
  const previous = select.value;
  select.replaceChildren();
  if (placeholder) {
    const option = el('option', null, placeholder);
    option.value = '';
    select.append(option);
  }
  for (const [value, label] of items) {
    const option = el('option', null, label);
    option.value = value;
    select.append(option);
  }
  if (items.some(([value]) => value === previous)) {
    select.value = previous;
  }
}

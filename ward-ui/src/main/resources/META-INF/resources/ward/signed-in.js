// The popup's redirect page after signing in again (see auth.js): hands the answer (code and state,
// or an error) to the Parity window that asked for it, on this origin only, then closes. The code is
// useless without the PKCE verifier, which only the asking window holds; nothing is stored here.

import { CHANNEL } from './auth.js';

const message = { type: 'parity-sign-in', search: location.search };
let delivered = false;
try {
  if (window.opener && !window.opener.closed) {
    window.opener.postMessage(message, location.origin);
    delivered = true;
  }
} catch {
  /* no opener (it was cut off by the sign-in page's browsing context policy): use the channel */
}
if (typeof BroadcastChannel === 'function') {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(message);
  channel.close();
  delivered = true;
}
history.replaceState(null, '', location.pathname); // the code does not stay in the address or history

const title = document.getElementById('signed-in-title');
const text = document.getElementById('signed-in-message');
if (new URLSearchParams(message.search).has('error')) {
  title.textContent = 'Sign-in was not completed';
  text.textContent = 'Close this window and select “Sign in again” in Parity.';
} else if (delivered) {
  title.textContent = 'Signed in';
  text.textContent = 'You can close this window. Your work is in the Parity window.';
  setTimeout(() => window.close(), 300);
} else {
  title.textContent = 'Go back to Parity';
  text.textContent = 'Close this window and select “Sign in again” in Parity.';
}

// Talks to Client-Server Lab in the iframe #lab (README, "Embedding in a
// course page"): sends it commands and logs the events it reports.
// Every message is an object { source: "cslab", version: 1, type, ... }.

const LAB = 'cslab';
const VERSION = 1;

function lab() {
  return document.getElementById('lab');
}

// The origin the lab is served from: commands go there and nowhere else,
// and only its messages are believed.
function labOrigin() {
  return new URL(lab().src, location.href).origin;
}

function send(type, fields = {}) {
  lab().contentWindow.postMessage({ source: LAB, version: VERSION, type, ...fields }, labOrigin());
}

// Events: lesson-loaded { lesson, lang }, step-reached { lesson, index,
// key, text }, question-answered { lesson, question, answer, correct }.
window.addEventListener('message', (event) => {
  const frame = lab();
  if (!frame || event.source !== frame.contentWindow || event.origin !== labOrigin()) return;
  const message = event.data;
  if (!message || message.source !== LAB) return;
  const item = document.createElement('li');
  item.dataset.message = JSON.stringify(message);
  const { source, version, type, ...fields } = message;
  item.textContent = `${type} ${JSON.stringify(fields)}`;
  document.getElementById('log').append(item);
});

document.addEventListener('DOMContentLoaded', () => {
  const value = (id) => document.getElementById(id).value;
  const on = (id, handler) => document.getElementById(id).addEventListener('click', handler);
  on('play', () => send('play'));
  on('pause', () => send('pause'));
  on('set-language', () => send('set-language', { lang: value('lang') }));
  on('load-lesson', () => {
    // Settings are the address's parameters; those not given keep their defaults.
    const settings = document.getElementById('https').checked ? { https: '1' } : {};
    send('load-lesson', { lesson: value('lesson'), settings });
  });
});

// Demo page script (modal.html). Loaded before widget.js: the stub queues these calls and the
// widget replays them when it arrives.
window.PageToJob =
  window.PageToJob ||
  function () {
    (window.PageToJob.q = window.PageToJob.q || []).push(arguments);
  };
window.dataLayer = window.dataLayer || [];

function logEvent(name, detail) {
  const item = document.createElement('li');
  item.textContent = `${name} ${JSON.stringify(detail)}`;
  document.getElementById('event-log')?.append(item);
}

for (const name of ['open', 'close', 'step', 'lead_submitted', 'lead_queued', 'error']) {
  PageToJob('on', name, (detail) => logEvent(name, detail));
}

document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.id === 'open-with-prefill') {
    PageToJob('prefill', { name: 'Prueba Demo', phone: '602-555-0188', zip: '85004' });
    PageToJob('open', 'water-heater');
  }
});

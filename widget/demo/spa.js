// A tiny client-side router: each route replaces <main id="app">. The "book" route renders the
// slot the widget mounts into (data-target="#spa-booking"); leaving it removes the widget, coming
// back mounts a fresh one. The widget notices both on its own (MutationObserver).
const routes = {
  home: () => '<h1>Welcome</h1><p>Use the menu: the booking form lives on the Book page.</p>',
  book: () => '<h1>Book service</h1><div id="spa-booking" class="booking-slot"></div>',
  about: () => '<h1>About us</h1><p>Family owned, serving Phoenix since 1998.</p>',
};

function render() {
  const route = location.hash.slice(1) || 'home';
  document.getElementById('app').innerHTML = (routes[route] || routes.home)();
}

addEventListener('hashchange', render);
render();

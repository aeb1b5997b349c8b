// Runs in <head> so the page never flashes the wrong theme: "light", "dark" or the system's.
(function () {
  var saved = localStorage.getItem('ingestion-theme');
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
})();

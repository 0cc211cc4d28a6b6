// "Afdrukken" buttons: hidden without JavaScript (the browser's own print still works).
document.querySelectorAll("[data-plein-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

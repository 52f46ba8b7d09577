// Classeur: the « Imprimer » button of a procedure page's panel.
// The panel is sanitised HTML (no <button>, no handlers), so the button is added
// here, beside « Signaler un problème », and wired through its data attribute.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.querySelector(".classeur-panel");
  if (!panel) {
    return;
  }
  var actions = panel.querySelector(".classeur-panel__actions");
  if (!actions) {
    actions = document.createElement("p");
    actions.className = "classeur-panel__actions";
    panel.appendChild(actions);
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button classeur-panel__print";
  button.setAttribute("data-classeur-print", "");
  button.textContent = "Imprimer";
  actions.appendChild(button);
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-classeur-print]")) {
      window.print();
    }
  });
  // The printed footer names the page: its address, read here, where it is known.
  panel.setAttribute("data-classeur-url", window.location.href);
});

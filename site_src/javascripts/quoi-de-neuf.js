// « Quoi de neuf » on the home page (issue #15): only the documents changed since the
// reader's last visit, remembered in this browser. The page lists the recent changes,
// each dated by a `classeur-day-YYYY-MM-DD` class (the post-build pass keeps classes, not
// data attributes); without this script, or without storage, the whole list shows.
(function () {
  "use strict";
  var list = document.querySelector("ul.classeur-whatsnew");
  if (!list) {
    return;
  }
  // One site per audience may share an origin: one memory per home page.
  var key = "classeur-derniere-visite:" + location.pathname;
  var today = new Date().toISOString().slice(0, 10);
  var last = null;
  try {
    last = window.localStorage.getItem(key);
    window.localStorage.setItem(key, today);
  } catch (error) {
    return; // storage refused (private mode, policy): the list stays whole
  }
  if (!last || !/^\d{4}-\d{2}-\d{2}$/.test(last)) {
    return; // a first visit: everything is new
  }
  var prefix = "classeur-day-";
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  var seen = items.filter(function (item) {
    var day = null;
    item.classList.forEach(function (name) {
      if (name.indexOf(prefix) === 0) {
        day = name.slice(prefix.length);
      }
    });
    return day !== null && day < last; // ISO days compare as text
  });
  seen.forEach(function (item) {
    item.hidden = true;
  });
  var when = new Date(last + "T00:00:00Z").toLocaleDateString("fr-FR", {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
  });
  when = when.replace(/^1 /, "1er "); // as the site's own dates: « 1er février 2026 »
  var fresh = items.length - seen.length;
  var note = document.createElement("p");
  note.className = "classeur-whatsnew-note";
  note.textContent = fresh === 0
    ? "Rien de nouveau depuis votre dernière visite, le " + when + "."
    : fresh === 1
      ? "Depuis votre dernière visite, le " + when + " : 1 document modifié."
      : "Depuis votre dernière visite, le " + when + " : " + fresh + " documents modifiés.";
  list.parentNode.insertBefore(note, list);
  if (seen.length === 0) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button classeur-whatsnew-all";
  button.textContent = "Afficher aussi les modifications déjà vues";
  button.addEventListener("click", function () {
    seen.forEach(function (item) {
      item.hidden = false;
    });
    button.remove();
  });
  list.parentNode.insertBefore(button, list.nextSibling);
})();

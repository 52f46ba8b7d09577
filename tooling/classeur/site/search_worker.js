// Classeur: French search that forgives inflections and accents, on top of
// Material's search worker (loaded below, unchanged).
//
// Material appends a wildcard to every query term, and Lunr does not stem
// wildcard terms, so a stemmed index never matched a plural or a conjugated
// word ("relances" against "relanc"). Here both sides meet on one form: the
// index stems accent-folded words, and each query term is folded and stemmed
// before Material sees it ("Échéances" and "echeance" both become "echeanc").
(function () {
  "use strict";
  var fold = function (word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var separator = /[\s\-'\u2019]+/;
  var patched = false;

  function patchFrench() {
    var lunr = self.lunr;
    if (patched || !lunr || !lunr.fr || !lunr.fr.stemmer) return;
    patched = true;
    var stem = lunr.fr.stemmer;
    var foldingStemmer = function (token, index, tokens) {
      return stem(token.update(fold), index, tokens);
    };
    lunr.Pipeline.registerFunction(foldingStemmer, "classeur-stemmer-fr");
    lunr.fr.stemmer = foldingStemmer;
  }

  function searchForm(term) {
    var lunr = self.lunr;
    var token = new lunr.Token(fold(term), {});
    if (lunr.fr.stopWordFilter(token) === undefined) return "";
    return lunr.fr.stemmer(token).toString();
  }

  function rewrite(query) {
    if (!patched || /[+\-~^:*"]/.test(query)) return query; // leave Lunr syntax alone
    var terms = query.split(separator).map(searchForm).filter(Boolean);
    return terms.length ? terms.join(" ") : query;
  }

  var importScriptsOriginal = self.importScripts;
  self.importScripts = function () {
    importScriptsOriginal.apply(self, arguments);
    patchFrench();
  };

  // Registered before Material's own listener, so it sees the rewritten query.
  self.addEventListener("message", function (event) {
    if (event.data && typeof event.data.data === "string") {
      event.data.data = rewrite(event.data.data);
    }
  });

  importScriptsOriginal.call(self, "{{material_worker}}");
})();

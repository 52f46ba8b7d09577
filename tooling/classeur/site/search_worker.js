// Classeur: French search that forgives inflections, accents and typos, on top
// of Material's search worker (loaded below, unchanged).
//
// Material appends a wildcard to every query term, and Lunr does not stem
// wildcard terms, so a stemmed index never matched a plural or a conjugated
// word ("relances" against "relanc"). Here both sides meet on one form: the
// index stems accent-folded words, and each query term is folded and stemmed
// before Material sees it ("Échéances" and "echeance" both become "echeanc").
// Business words keep their own form ("paie" is not "paiement"), as in
// `classeur search`; a query that finds nothing is asked again with each word
// allowed one or two edits ("facutre"); generated pages (lists and tables of
// documents) are left out of the index, so that results are documents; a
// deprecated document comes below its successor, marked « Obsolète » (#15).
(function () {
  "use strict";
  var GENERATED = "{{generated}}"; // {pages: locations, folders: location prefixes}
  var PROTECTED = "{{protected}}"; // folded word -> the form it keeps
  var DEPRECATED = "{{deprecated}}"; // location -> {successors: locations, labels: HTML}
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var fold = function (word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var separator = /[\s\-'\u2019]+/;
  var patched = false;
  var pending = null; // the query being answered: its stemmed terms, the edits allowed so far

  function patchFrench() {
    var lunr = self.lunr;
    if (patched || !lunr || !lunr.fr || !lunr.fr.stemmer) return;
    patched = true;
    var stem = lunr.fr.stemmer;
    var foldingStemmer = function (token, index, tokens) {
      var folded = token.update(fold);
      var next = tokens && tokens[index + 1] ? fold(tokens[index + 1].toString()) : "";
      var kept = compound(folded.toString(), next);
      if (kept === null) kept = PROTECTED[folded.toString()];
      return kept === undefined ? stem(folded, index, tokens) : folded.update(function () {
        return kept;
      });
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

  function isGenerated(location) {
    var page = location.split("#")[0];
    return GENERATED.pages.indexOf(page) >= 0 || GENERATED.folders.some(function (folder) {
      return page.indexOf(folder) === 0;
    });
  }

  function rewrite(query) {
    pending = null;
    query = joinCompounds(query);
    if (!patched || /[+\-~^:*"]/.test(query)) return query; // leave Lunr syntax alone
    var terms = query.split(separator).map(searchForm).filter(Boolean);
    if (!terms.length) return query;
    pending = {terms: terms, edits: 0};
    return terms.join(" ");
  }

  // As `classeur search` does, the nearest words first: one edit, then two for a
  // long word (a short one lies within two edits of too many others).
  function approximate(terms, edits) {
    return terms.map(function (term) {
      return term + "~" + Math.min(edits, term.length <= 4 ? 1 : 2);
    }).join(" ");
  }

  // A protected compound ("Factur-X") is one word, written without its hyphen:
  // Lunr splits words on hyphens, in the text and in queries alike.
  var COMPOUNDS = Object.keys(PROTECTED).filter(function (word) {
    return word.indexOf("-") > 0;
  }).map(function (word) {
    var form = word.replace(/-/g, "");
    PROTECTED[form] = form;
    return {parts: word.split("-"), form: form};
  });

  function compound(word, next) {
    for (var i = 0; i < COMPOUNDS.length; i++) {
      var parts = COMPOUNDS[i].parts;
      if (parts.length === 2 && parts[0] === word && next === parts[1]) return COMPOUNDS[i].form;
    }
    return null;
  }

  function joinCompounds(query) {
    return COMPOUNDS.reduce(function (text, c) {
      return text.replace(new RegExp(c.parts.join("-"), "gi"), c.form);
    }, query);
  }

  // A page's entries are its title and its sections: pages tied on their best
  // entry (the same title score) are ordered by all their entries together.
  function byWholePage(items) {
    var total = function (group) {
      return group.reduce(function (sum, item) { return sum + item.score; }, 0);
    };
    return items.map(function (group, rank) {
      return {group: group, best: group[0].score, total: total(group), rank: rank};
    }).sort(function (a, b) {
      return b.best - a.best || b.total - a.total || a.rank - b.rank;
    }).map(function (entry) { return entry.group; });
  }

  // A page's tags say who reads it (« Équipe de BO Conseil, prestataire… »), not
  // what it is about; with the weight Material gives them, "prestataire" found
  // every page the provider reads. They are shown on results, never searched.
  function hideTags(doc) {
    if (!doc.tags) return doc;
    var hidden = Object.assign({}, doc, {classeurTags: doc.tags});
    delete hidden.tags;
    return hidden;
  }

  function showTags(group) {
    return group.map(function (item) {
      if (!item.classeurTags) return item;
      var shown = Object.assign({}, item, {tags: item.classeurTags});
      delete shown.classeurTags;
      return shown;
    });
  }

  function pageOf(group) {
    return group[0].location.split("#")[0];
  }

  // A deprecated document goes just below the last of its successors found, its
  // title marked « Obsolète » and naming what replaces it (as `classeur search`).
  function successorsFirst(items) {
    var pages = items.map(pageOf);
    var kept = items.filter(function (group) { return !replacedIn(group, pages); });
    items.forEach(function (group) {
      var replaced = DEPRECATED[pageOf(group)];
      if (!replaced) return;
      group[0] = Object.assign({}, group[0], {
        title: "Obsolète (remplacé par " + replaced.labels.join(", ") + ") : " + group[0].title
      });
      if (!replacedIn(group, pages)) return;
      var last = -1;
      kept.forEach(function (other, at) {
        if (replaced.successors.indexOf(pageOf(other)) >= 0) last = at;
      });
      kept.splice(last + 1, 0, group);
    });
    return kept;
  }

  function replacedIn(group, pages) {
    var replaced = DEPRECATED[pageOf(group)];
    return !!replaced && replaced.successors.some(function (page) {
      return pages.indexOf(page) >= 0 && !DEPRECATED[page];
    });
  }

  var importScriptsOriginal = self.importScripts;
  self.importScripts = function () {
    importScriptsOriginal.apply(self, arguments);
    patchFrench();
  };

  // Registered before Material's own listener, so it sees the rewritten query.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (!message) return;
    if (message.type === SETUP && message.data && message.data.docs) {
      message.data.docs = message.data.docs.filter(function (doc) {
        return !isGenerated(doc.location);
      }).map(hideTags);
    } else if (message.type === QUERY && typeof message.data === "string") {
      message.data = rewrite(message.data);
    }
  });

  // Material answers through the global postMessage: an empty answer to a plain
  // query is held back, and the query asked again with approximate words.
  var postMessageOriginal = self.postMessage.bind(self);
  self.postMessage = function (message) {
    var asked = pending;
    pending = null;
    if (message && message.type === RESULT && asked && asked.edits < 2 && message.data
        && message.data.items && !message.data.items.length) {
      var edits = asked.edits + 1;
      var retry = {type: QUERY, data: approximate(asked.terms, edits)};
      self.dispatchEvent(new MessageEvent("message", {data: retry}));
      pending = {terms: asked.terms, edits: edits}; // after the listener cleared it
      return;
    }
    if (message && message.type === RESULT && message.data && message.data.items) {
      message.data.items = successorsFirst(byWholePage(message.data.items)).map(showTags);
    }
    postMessageOriginal(message);
  };

  importScriptsOriginal.call(self, "{{material_worker}}");
})();

// Classeur: the site's search opened from file://, where browsers refuse Web Workers.
//
// Material starts its search in a Web Worker. From file:// the browser will not
// load one, so this stands in for `Worker`: the worker's script runs in a hidden
// frame, with `postMessage` and `importScripts` as a worker has them. Browsers
// do not let a page read files either, so `importScripts` cannot fetch: every
// script a worker may import is shipped in {{sources}} (written by
// classeur/site/offline.py) and run from there, synchronously, as in a worker.
// Over http(s) nothing changes: the real Worker stays.
(function () {
  "use strict";
  if (location.protocol !== "file:" || !document.currentScript) return;
  var sources = new URL("{{sources}}", document.currentScript.src).href;

  function boot(script) {
    // Runs inside the frame, which then holds the worker's globals and nothing else.
    var known = window.__classeurWorkerSources || {};
    window.postMessage = function (data) {
      parent.postMessage(data, "*");
    };
    window.importScripts = function () {
      for (var i = 0; i < arguments.length; i++) {
        var url = new URL(arguments[i], script).href;
        if (!Object.prototype.hasOwnProperty.call(known, url)) {
          throw new DOMException("importScripts: " + url + " is not shipped", "NetworkError");
        }
        (0, eval)(known[url] + "\n//# sourceURL=" + url);
      }
    };
    window.importScripts(script);
    frameElement.classeurReady();
  }

  class OfflineWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      var ready;
      this.ready = new Promise(function (resolve) {
        ready = resolve;
      });
      frame.classeurReady = ready;
      var worker = this;
      this.listener = function (event) {
        if (event.source !== frame.contentWindow) return;
        var message = new MessageEvent("message", { data: event.data });
        worker.dispatchEvent(message);
        if (typeof worker.onmessage === "function") worker.onmessage(message);
      };
      window.addEventListener("message", this.listener);
      document.body.appendChild(frame);
      this.frame = frame;
      var script = JSON.stringify(new URL(url, document.baseURI).href);
      var page = frame.contentWindow.document;
      page.open();
      page.write(
        '<!doctype html><meta charset="utf-8"><script src=' + JSON.stringify(sources) +
          "></scr" + "ipt><script>(" + boot.toString() + ")(" + script + ");</scr" + "ipt>"
      );
      page.close();
    }

    postMessage(data) {
      var frame = this.frame;
      var copy = structuredClone(data);
      this.ready.then(function () {
        var target = frame.contentWindow;
        if (target) target.dispatchEvent(new target.MessageEvent("message", { data: copy }));
      });
    }

    terminate() {
      window.removeEventListener("message", this.listener);
      this.frame.remove();
    }
  }

  window.Worker = OfflineWorker;
})();

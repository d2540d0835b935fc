// Zoom buttons and credits in Dutch, a scale in kilometres and metres only
// (lib.map.elements.MapControls), and the optional background map (BackgroundTiles).
window.regiokaartControls = (map) => {
    L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
    L.control.scale({ imperial: false, maxWidth: 120 }).addTo(map);
    map.attributionControl.setPrefix("Leaflet"); // its own link is titled in English
    // Leaflet focuses the map on a press so the arrow keys pan it; in a frame that scrolls
    // the page to bring the whole map into view. Focus it without scrolling.
    // (The handler is bound when enabled: disable, replace, enable.)
    const keyboard = map.keyboard;
    if (keyboard?.enabled()) {
        keyboard.disable();
        keyboard._onMouseDown = function () {
            if (!this._focused) {
                this._map.getContainer().focus({ preventScroll: true });
            }
        };
        keyboard.enable();
    }
};

// Its credits appear only once a tile has been shown: behind a firewall no tile loads, and
// the map then credits only what it shows.
window.regiokaartTiles = (map, url, options, credits) => {
    const tiles = L.tileLayer(url, options);
    tiles.once("tileload", () => map.attributionControl.addAttribution(credits));
    tiles.addTo(map);
};

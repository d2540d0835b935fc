// Regiokaart: fetch the map's layer files while Leaflet loads (lib.map.static_files).
window.regiokaartLoad = function (url) {
    var files = window.regiokaartFiles = window.regiokaartFiles || {};
    if (!files[url]) {
        files[url] = fetch(url).then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
        });
    }
    return files[url];
};
["../../app/static/map/gemeenten-2019-2d6d5467be611661.json", "../../app/static/map/regiogrenzen-2019-9e4f8898b835aa71.json"].forEach(window.regiokaartLoad);

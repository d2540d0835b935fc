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
["../../app/static/map/gemeenten-2019-6bbaf92ef2d0e02a.json", "../../app/static/map/regiogrenzen-2019-f77a98c0c0da1118.json"].forEach(window.regiokaartLoad);

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
["../../app/static/map/gemeenten-2025-0ad29cc1261bb7f5.json", "../../app/static/map/regiogrenzen-2025-52c37596915c3cf9.json"].forEach(window.regiokaartLoad);

// Regiokaart: fetch the map's layer files while Leaflet loads (lib.map.static_files).
// The map's first script: lib.map.static_files appends the list of files to fetch at once;
// each layer asks for its file's promise with regiokaartLoad(url).
window.regiokaartFiles = window.regiokaartFiles || {};
window.regiokaartLoad = (url) => {
    const files = window.regiokaartFiles;
    if (!files[url]) {
        files[url] = fetch(url).then((response) => {
            if (!response.ok) {
                throw new Error(`HTTP ${response.status}`);
            }
            return response.json();
        });
    }
    return files[url];
};

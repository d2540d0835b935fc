// The map's view (lib.map.elements.FitToBounds, SelectionView, HomeControl): all of
// Flanders, or what the selection asked for. regiokaartFit() fits the current target: the one
// regiokaartSelect set, else Flanders; once more when the component's frame gets its real size
// (folium fits too early). Fractional zoom lets Flanders fill the width of the map exactly.
// The open legend (legend.js) is kept clear: the fit leaves the band below its top free.

window.regiokaartFitToBounds = (map, home, regions) => {
    document.documentElement.lang = "nl";
    window.regiokaartHome = home;
    let fitted = null; // the view the last fit gave: a legend that opens refits only from it
    function legendBand() {
        const legend = map.getContainer().querySelector(".regiokaart-legend");
        if (!legend) {
            return 0;
        }
        const container = map.getContainer().getBoundingClientRect();
        return Math.max(0, container.bottom - legend.getBoundingClientRect().top);
    }
    // streamlit-folium adds Leaflet's stylesheet without waiting for it and runs the map's
    // script at once. Until it applies, the legend has no place on the map yet, and a fit then
    // would not keep its band free: the fit waits for the stylesheets still loading (one that
    // fails is not waited for again).
    const failedSheets = new WeakSet();
    let waitingForSheets = false;
    function sheetsPending() {
        if (getComputedStyle(map.getPane("mapPane")).position === "absolute") {
            return false; // Leaflet's stylesheet applies
        }
        const loading = [...document.querySelectorAll('link[rel="stylesheet"]')].filter(
            (link) => !link.sheet && !failedSheets.has(link),
        );
        if (loading.length && !waitingForSheets) {
            waitingForSheets = true;
            const again = (event) => {
                if (event.type === "error") {
                    failedSheets.add(event.target);
                }
                waitingForSheets = false;
                window.regiokaartFit();
            };
            for (const link of loading) {
                link.addEventListener("load", again, { once: true });
                link.addEventListener("error", again, { once: true });
            }
        }
        return loading.length > 0;
    }
    window.regiokaartFit = () => {
        const size = map.getSize();
        // a frame not laid out yet would fit at the highest zoom and fetch its tiles
        if (size.x < 50 || size.y < 50 || sheetsPending()) {
            return;
        }
        const target = window.regiokaartTarget;
        const band = Math.min(legendBand(), size.y / 2);
        map.fitBounds(target ? target.bounds : home, {
            paddingTopLeft: [6, 6],
            paddingBottomRight: [6, 6 + band],
            maxZoom: target ? target.maxZoom : 13,
            animate: false,
        });
        fitted = { zoom: map.getZoom(), center: map.getCenter() };
    };
    // A click on a region shows that region, as a link to it does after a reload; a click
    // inside the region already chosen leaves the map where the user has put it.
    window.regiokaartFitRegion = (regionId) => {
        if (!regions[regionId] || regionId === window.regiokaartFocus) {
            return;
        }
        window.regiokaartTarget = { bounds: regions[regionId], maxZoom: 13 };
        window.regiokaartFit();
    };
    map.on("regiokaartlegend", () => {
        if (!fitted || Math.abs(map.getZoom() - fitted.zoom) > 1e-6) {
            return;
        }
        const middle = map.getSize().divideBy(2);
        if (map.latLngToContainerPoint(fitted.center).distanceTo(middle) < 2) {
            window.regiokaartFit();
        }
    });
    window.regiokaartFit();
    // The frame gets its size after this script has run: tell Leaflet about every change of
    // the container's size, and fit once more after the first real change, unless the user
    // has moved the map by then.
    const fittedSize = map.getSize();
    let touched = false;
    map.once("dragstart", () => {
        touched = true;
    });
    const container = map.getContainer();
    new ResizeObserver(() => {
        if (!container.clientWidth || !container.clientHeight) {
            return;
        }
        map.invalidateSize();
        if (!touched && !map.getSize().equals(fittedSize)) {
            touched = true;
            window.regiokaartFit();
        }
    }).observe(container);
};

// The choice on the map (lib.map.elements.SelectionView): the chosen region stands out (the
// others fade) and, when the choice asks for it, the map fits the region or the municipality.
// Each request once: the group also runs again when another group beside it changes (a map
// layer), and that must not undo the user's zoom and pan.
window.regiokaartSelect = (selection) => {
    window.regiokaartFocus = selection.region;
    window.map?.fire("regiokaartfocus");
    const view = selection.view;
    if (view && window.regiokaartFit && view.seq !== window.regiokaartSeq) {
        window.regiokaartSeq = view.seq;
        window.regiokaartTarget = view.bounds ? view : null;
        window.regiokaartFit();
    }
};

// A button on the map that shows all of Flanders again (the choice stays).
window.regiokaartHomeControl = (map, label) => {
    const control = L.control({ position: "topright" });
    control.onAdd = () => {
        const bar = L.DomUtil.create("div", "leaflet-bar regiokaart-home");
        const button = L.DomUtil.create("a", "", bar);
        button.href = "#";
        button.setAttribute("role", "button");
        button.title = label;
        button.setAttribute("aria-label", label);
        button.textContent = label;
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", (event) => {
            L.DomEvent.preventDefault(event);
            window.regiokaartTarget = null;
            window.regiokaartFit();
        });
        return bar;
    };
    control.addTo(map);
};

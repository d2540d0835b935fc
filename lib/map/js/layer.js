// A layer of the map (lib.map.elements.CompactGeoJson): on the map at once, empty, and filled
// when its file has arrived (regiokaartLoad), decoded by regiokaartDecode. Tooltips are built
// with textContent: names from the data are never parsed as HTML.

// Tell the map where a tooltip is (or that none is open), so the region labels under it
// step aside (labels.js): `layer` is a layer whose features have tooltips.
window.regiokaartReportTooltips = (layer) => {
    const tell = (element) => layer._map?.fire("regiokaarttooltip", { element: element });
    const report = (event) => {
        const open = event.type !== "tooltipclose";
        const tooltip = open ? event.tooltip || event.layer?.getTooltip() : null;
        tell(tooltip?.getElement() || null);
    };
    layer.on("tooltipopen tooltipclose", report);
    // a sticky tooltip follows the pointer: Leaflet has moved it when the event gets here
    layer.on("mousemove", (event) => {
        const tooltip = event.layer?.getTooltip();
        if (tooltip?.isOpen()) {
            tell(tooltip.getElement());
        }
    });
};

window.regiokaartGeoJson = (map, options) => {
    if (!map.getPane(options.pane)) {
        map.createPane(options.pane).style.zIndex = options.zIndex;
    }
    function tooltip(featureLayer) {
        const box = document.createElement("div");
        for (const field of options.tooltip) {
            const line = document.createElement("div");
            const label = document.createElement("strong");
            label.textContent = `${field[1]}: `;
            line.appendChild(label);
            const value = featureLayer.feature.properties[field[0]] || options.empty;
            line.appendChild(document.createTextNode(value));
            box.appendChild(line);
        }
        // a layer over the map may add a line (division_borders.js: the division)
        if (window.regiokaartTooltipExtra) {
            window.regiokaartTooltipExtra(featureLayer.feature.properties, box);
        }
        return box;
    }
    const layer = L.geoJson(null, {
        pane: options.pane,
        interactive: options.interactive,
        attribution: options.attribution,
        style: (feature) => {
            const style = Object.assign({}, options.style);
            const region = feature.properties[options.colorBy];
            if (options.colors) {
                style.fillColor = options.colors[region] || options.fallback;
            }
            // a chosen region (regiokaartSelect) stays bright, the others fade
            const focus = window.regiokaartFocus;
            if (options.fade !== null && focus && region !== focus) {
                style.fillOpacity = options.fade;
            }
            return style;
        },
        onEachFeature: (feature, featureLayer) => {
            if (!options.interactive) {
                return;
            }
            featureLayer.bindTooltip(tooltip, {
                sticky: true,
                className: "regiokaart-tooltip",
            });
            featureLayer.on("mouseover", () => featureLayer.setStyle(options.hover));
            featureLayer.on("mouseout", () => layer.resetStyle(featureLayer));
            if (options.clickFits) {
                // a click shows the clicked region as a link to it does (view.js)
                featureLayer.on("click", () => {
                    window.regiokaartFitRegion?.(feature.properties[options.colorBy]);
                });
            }
        },
    });
    layer.addTo(map);
    if (options.interactive) {
        window.regiokaartReportTooltips(layer);
    }
    if (options.fade !== null) {
        // regiokaartSelect fires this when the chosen region changes
        map.on("regiokaartfocus", () => layer.resetStyle());
    }
    return window
        .regiokaartLoad(options.url)
        .then((data) => {
            layer.addData(window.regiokaartDecode(data));
            // Polygons are not keyboard targets (the select boxes beside the map are): keep
            // them out of the tab order so a keyboard user is not walked through 300 paths.
            layer.eachLayer((featureLayer) => {
                featureLayer.getElement?.()?.setAttribute("tabindex", "-1");
            });
        })
        .catch((error) => {
            console.error(`Regiokaart: map layer ${options.url} not loaded`, error);
            if (window.regiokaartLayerFailed) {
                return;
            }
            window.regiokaartLayerFailed = true;
            const notice = L.control({ position: "topright" });
            notice.onAdd = () => {
                const box = L.DomUtil.create("div", "regiokaart-notice");
                box.textContent = options.failed;
                return box;
            };
            notice.addTo(map);
        });
};

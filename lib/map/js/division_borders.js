// Another division's borders drawn over the region colours (lib.map.division_overlay): each
// line's tooltip names the divisions on both sides, built with textContent. While the layer is
// on the map, the map carries the class regiokaart-with-divisions: the region borders then
// draw as a wide soft band (map.css), unlike these thin crisp lines.
// `parent`: the feature group that carries the layer to the map.
window.regiokaartDivisionBorders = (parent, options, encoded) => {
    const factor = 10 ** encoded.precision;
    const data = {
        type: "FeatureCollection",
        features: encoded.borders.map((b) => ({
            type: "Feature",
            properties: { a: b[0], b: b[1] },
            geometry: {
                type: "MultiLineString",
                coordinates: b[2].map((r) => window.regiokaartDecodeRing(r, factor)),
            },
        })),
    };
    const crosses = (p) => encoded.crossing[p.a] || encoded.crossing[p.b];
    function side(index) {
        const line = document.createElement("div");
        line.textContent = encoded.names[index];
        if (encoded.crossing[index]) {
            const note = document.createElement("em");
            note.textContent = ` · ${options.crossingNote}`;
            line.appendChild(note);
        }
        return line;
    }
    function tooltip(layer) {
        const p = layer.feature.properties;
        const box = document.createElement("div");
        const title = document.createElement("strong");
        title.textContent = options.title;
        box.appendChild(title);
        box.appendChild(side(p.a));
        box.appendChild(side(p.b));
        return box;
    }
    // The visible lines take no pointer events; the continuous white halo under them does (a
    // dashed line would only react on its dashes): it shows the tooltip and thickens the line
    // above it.
    const shown = new Map();
    const halo = L.geoJson(data, {
        style: options.halo,
        onEachFeature: (feature, under) => {
            under.bindTooltip(tooltip, { sticky: true, className: "regiokaart-tooltip" });
            under.on("add", () => {
                // like the polygons: not a keyboard target
                under.getElement().setAttribute("tabindex", "-1");
            });
            under.on("mouseover", () => shown.get(feature).setStyle(options.hover));
            under.on("mouseout", () => lines.resetStyle(shown.get(feature)));
        },
    });
    // created after the halo: a group adds its layers in the order they were made
    const lines = L.geoJson(data, {
        interactive: false,
        style: (feature) => (crosses(feature.properties) ? options.crossing : options.plain),
        onEachFeature: (feature, line) => shown.set(feature, line),
    });
    window.regiokaartReportTooltips(halo);
    const withDivisions = (event, on) => {
        event.target._map?.getContainer().classList.toggle("regiokaart-with-divisions", on);
    };
    halo.on("add", (event) => withDivisions(event, true));
    halo.on("remove", (event) => withDivisions(event, false));
    halo.addTo(parent);
    lines.addTo(parent);
    lines.on("add", () => lines.bringToFront()); // above the halo, always
    // the municipality's tooltip (layer.js) names its division too, while this layer is on
    // the map
    function extra(properties, box) {
        const index = encoded.members[properties[options.codeProperty]];
        if (index === undefined) {
            return;
        }
        const line = document.createElement("div");
        const label = document.createElement("strong");
        label.textContent = `${options.singular}: `;
        line.appendChild(label);
        line.appendChild(document.createTextNode(encoded.names[index]));
        box.appendChild(line);
    }
    window.regiokaartTooltipExtra = extra;
    lines.on("remove", () => {
        if (window.regiokaartTooltipExtra === extra) {
            window.regiokaartTooltipExtra = null;
        }
    });
};

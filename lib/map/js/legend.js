// The legend (lib.map.elements.Legend), built with DOM calls and textContent: data never
// becomes HTML. It opens into a grid at the bottom of the map; the view (view.js) keeps the
// regions above it, so that it covers none of them at the Flanders view.
window.regiokaartLegend = (map, title, entries) => {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => {
        const box = L.DomUtil.create("details", "regiokaart-legend");
        const summary = L.DomUtil.create("summary", "regiokaart-legend-title", box);
        summary.textContent = title;
        const list = L.DomUtil.create("div", "regiokaart-legend-list", box);
        list.setAttribute("role", "list");
        for (const entry of entries) {
            const row = L.DomUtil.create("div", "regiokaart-legend-row", list);
            row.setAttribute("role", "listitem");
            const swatch = L.DomUtil.create("span", "regiokaart-legend-swatch", row);
            swatch.style.background = entry.color;
            const label = L.DomUtil.create("span", "regiokaart-legend-label", row);
            label.textContent = entry.label;
        }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.addEventListener("toggle", () => map.fire("regiokaartlegend"));
        return box;
    };
    legend.addTo(map);
    map.fire("regiokaartlegend"); // the view leaves room for it from now on
    return legend;
};

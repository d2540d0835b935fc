// Region names at fixed points (lib.map.elements.RegionLabels), drawn with textContent; they
// let clicks through. Largest region first, each label takes the first place near its point
// that overlaps no label placed before it, trying a smaller type and then a shorter name
// before hiding it; a narrow map (a phone) starts small and short. The labels are placed
// again after every zoom and when the map changes size. A label under an open tooltip steps
// aside while the tooltip is open.
window.regiokaartLabels = (map, labels) => {
    const texts = labels.map((label) => {
        const icon = L.divIcon({
            className: "regiokaart-label-icon",
            iconSize: [0, 0],
            html: "",
        });
        const marker = L.marker([label.lat, label.lon], {
            icon: icon,
            interactive: false,
            keyboard: false,
        });
        marker.addTo(map);
        const text = document.createElement("div");
        text.className = "regiokaart-label";
        text.textContent = label.name;
        marker.getElement().appendChild(text);
        return { element: text, label: label };
    });
    let tooltip = null; // the open tooltip's element, if any (see cover below)
    // places near the point: rings of 8 directions, a little wider than high
    const nudges = [[0, 0]];
    const directions = [
        [0, -1],
        [0, 1],
        [-1, 0],
        [1, 0],
        [-1, -1],
        [1, -1],
        [-1, 1],
        [1, 1],
    ];
    for (const r of [8, 14, 20, 26]) {
        for (const d of directions) {
            nudges.push([d[0] * r * 1.5, d[1] * r]);
        }
    }
    const styles = [
        { small: false, short: false },
        { small: true, short: false },
        { small: true, short: true },
    ];
    const overlap = (a, b) =>
        a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
    function place(item, style, placed) {
        const text = item.element;
        text.textContent = style.short ? item.label.short : item.label.name;
        text.classList.toggle("regiokaart-label-small", style.small);
        // in the map's own pixels (not the screen's): scrolling, the frame's position and
        // running animations do not change them (offsetWidth is rounded: a pixel of room on
        // each side keeps them apart)
        const point = map.latLngToContainerPoint([item.label.lat, item.label.lon]);
        const width = text.offsetWidth + 2;
        const height = text.offsetHeight + 2;
        return nudges.some((nudge) => {
            text.style.marginLeft = `${nudge[0]}px`;
            text.style.marginTop = `${nudge[1]}px`;
            const left = point.x + nudge[0] - width / 2;
            const top = point.y + nudge[1] - height / 2;
            const box = { left: left, right: left + width, top: top, bottom: top + height };
            const collides = placed.some((other) => overlap(box, other));
            if (!collides) {
                placed.push(box);
            }
            return !collides;
        });
    }
    function declutter() {
        const placed = [];
        const narrow = map.getSize().x < 520;
        for (const item of texts) {
            item.element.style.visibility = "visible";
            const fits = styles.some((style) => {
                if (narrow && !style.small) {
                    return false;
                }
                return place(item, style, placed);
            });
            if (!fits) {
                item.element.style.visibility = "hidden";
            }
        }
        cover();
    }
    // Place them once they have a size (the frame may not be laid out yet), and again when
    // the map zooms or changes size or the fonts arrive.
    function settle() {
        const first = texts.length ? texts[0].element : null;
        if (first && !first.offsetWidth) {
            window.requestAnimationFrame(settle); // not laid out yet
            return;
        }
        declutter();
    }
    map.on("zoomend resize", settle);
    if (window.ResizeObserver) {
        new ResizeObserver(() => settle()).observe(map.getContainer());
    }
    if (document.fonts?.ready) {
        document.fonts.ready.then(settle);
    }
    window.addEventListener("load", settle);
    map.whenReady(settle);
    // A tooltip (layer.js) hides the labels it would cover, until it closes; also after the
    // labels moved (a zoom) while it stays open.
    function cover() {
        const tip = tooltip?.isConnected ? tooltip.getBoundingClientRect() : null;
        for (const item of texts) {
            const covered = Boolean(tip) && overlap(item.element.getBoundingClientRect(), tip);
            item.element.classList.toggle("regiokaart-label-covered", covered);
        }
    }
    map.on("regiokaarttooltip", (event) => {
        tooltip = event.element;
        cover();
    });
};

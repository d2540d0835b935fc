// The polyline decoder of lib.map.encoding: a page collection -> GeoJSON.

window.regiokaartDecodeRing = (text, factor) => {
    const points = [];
    let index = 0;
    let x = 0;
    let y = 0;
    function next() {
        let result = 0;
        let shift = 0;
        let byte;
        do {
            byte = text.charCodeAt(index++) - 63;
            result |= (byte & 0x1f) << shift;
            shift += 5;
        } while (byte >= 0x20);
        return result & 1 ? ~(result >> 1) : result >> 1;
    }
    while (index < text.length) {
        x += next();
        y += next();
        points.push([x / factor, y / factor]);
    }
    return points;
};

window.regiokaartDecode = (data) => {
    const factor = 10 ** data.precision;
    const keys = data.keys;
    const derived = Object.keys(data.derived);
    const rings = (list) => list.map((r) => window.regiokaartDecodeRing(r, factor));
    return {
        type: "FeatureCollection",
        features: data.features.map((f) => {
            const properties = {};
            const shape = f[keys.length];
            keys.forEach((key, i) => {
                properties[key] = f[i];
            });
            for (const name of derived) {
                const rule = data.derived[name];
                const value = rule[1][String(properties[rule[0]])];
                properties[name] = value === undefined ? null : value;
            }
            const polygon = shape.length > 0 && typeof shape[0] === "string";
            return {
                type: "Feature",
                properties: properties,
                geometry: {
                    type: polygon ? "Polygon" : "MultiPolygon",
                    coordinates: polygon ? rings(shape) : shape.map(rings),
                },
            };
        }),
    };
};

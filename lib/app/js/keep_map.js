// Kaart on a phone (lib.app.style): a tap on the map chooses a region, and the summary then
// appears above the map. Scroll the page by as much as the map moved, so the map stays under
// the finger instead of jumping down. Only while the map has the focus (the visitor is using
// it), and only where the columns are stacked.
(() => {
    if (window.regiokaartKeepMap) {
        return;
    }
    window.regiokaartKeepMap = true;
    const stacked = window.matchMedia("(max-width: 640px)");
    const mapFrame = () => document.querySelector(".st-key-kaartvak iframe");
    const scroller = () => document.querySelector('[data-testid="stMain"]');
    let frame = null;
    let top = 0; // where the map's frame was last measured, moved along by every scroll since
    let scrolled = 0;
    function measure() {
        frame = mapFrame();
        top = frame ? frame.getBoundingClientRect().top : 0;
        scrolled = scroller()?.scrollTop || 0;
    }
    // A scroll moves the frame by as much as the page scrolled. Follow that by arithmetic: a
    // new measurement would also take in content that appeared above the map in the same
    // animation frame, and that jump would then never be made good.
    function followScroll() {
        const main = scroller();
        if (main) {
            top -= main.scrollTop - scrolled;
            scrolled = main.scrollTop;
        }
    }
    function keep() {
        const now = mapFrame();
        const main = scroller();
        if (now && now === frame && main && stacked.matches && document.activeElement === now) {
            const moved = now.getBoundingClientRect().top - top;
            if (Math.abs(moved) >= 1) {
                main.scrollTop += moved;
            }
        }
        measure();
    }
    const page = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (page) {
        new ResizeObserver(keep).observe(page);
    }
    document.addEventListener("scroll", followScroll, { capture: true, passive: true });
    measure();
})();

// Regiokaart, every page (lib/app/style.py puts it in one element with keep_map.js, so that it
// adds no space above the page): the interface is Dutch, and the page menu closes after a choice.
//
// The language tells screen readers and translation tools what they read. On a narrow screen
// Streamlit turns its top navigation into a sidebar over the page and leaves it open after a
// choice, hiding the page that was asked for: a click on a menu link closes it with Streamlit's
// own button, as the visitor would. The listener is installed once per browser tab.
(function pageSetup() {
    document.documentElement.lang = "nl";
    if (window.regiokaartMenuCloses) {
        return;
    }
    window.regiokaartMenuCloses = true;

    function closeSidebar() {
        const sidebar = document.querySelector("[data-testid='stSidebar']");
        if (!sidebar || sidebar.getAttribute("data-collapsed") === "true") {
            return;
        }
        const button = document.querySelector("[data-testid='stSidebarCollapseButton'] button");
        if (button) {
            button.click();
        }
    }

    document.addEventListener("click", function onClick(event) {
        const target = event.target;
        if (!(target instanceof Element)) {
            return;
        }
        if (target.closest("[data-testid='stSidebarNavLink']")) {
            // after Streamlit has handled the link: the navigation has started
            window.requestAnimationFrame(closeSidebar);
        }
    });
})();

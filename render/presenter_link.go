package render

// SetPresenterLook turns presenter mode's look (large text, high contrast) on or off without
// asking for full screen, which a browser grants only in answer to a key or a click: how the
// training page opens a link with presenter=1. P and Esc then work as they always do.
func (a *App) SetPresenterLook(on bool) { a.presenter = on }

// Presenter says whether presenter mode is on.
func (a *App) Presenter() bool { return a.presenter }

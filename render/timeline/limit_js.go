//go:build js

package timeline

import "synq/model"

// memoryLimit is what one run may need in this build, snapshots included: the page's limit.
const memoryLimit = model.PageMemoryLimit

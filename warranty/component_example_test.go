package warranty_test

import (
	"fmt"

	"github.com/shouhou/shouhou/warranty"
)

// A request's component is named by its class when it is one, and as typed
// otherwise.
func ExampleComponentLabel() {
	fmt.Println(warranty.ComponentLabel(string(warranty.Waterproofing)))
	fmt.Println(warranty.ComponentLabel("3号楼外墙"))
	// Output:
	// 防水防渗漏
	// 3号楼外墙
}

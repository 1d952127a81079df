package warranty

import (
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
)

// Class is a component class with its own warranty period (W1.1 and the
// law under it: 建设工程质量管理条例 第四十条; 建设部令第80号 第七条).
type Class string

// The component classes.
const (
	// Structure: foundations and the main structure (地基基础和主体结构).
	Structure Class = "structure"
	// Waterproofing: roof waterproofing and the leak-proofing of toilets,
	// wet rooms and exterior walls (屋面防水、有防水要求的卫生间、房间和外墙面的防渗漏).
	Waterproofing Class = "waterproofing"
	// Insulation: the thermal insulation of walls and roofs (保温工程).
	Insulation Class = "insulation"
	// HeatingCooling: heating and cooling systems (供热与供冷系统).
	HeatingCooling Class = "heating_cooling"
	// Electrical: electrical pipes and wiring (电气管线).
	Electrical Class = "electrical"
	// Plumbing: water supply and drainage pipes (给排水管道).
	Plumbing Class = "plumbing"
	// Equipment: equipment installation (设备安装).
	Equipment Class = "equipment"
	// Decoration: decoration works (装修工程).
	Decoration Class = "decoration"
	// Other: anything else, as agreed in the contract.
	Other Class = "other"
)

// Classes returns every class, in the order of 第四十条: a new slice each
// time, so that no caller can change another's.
func Classes() []Class {
	return []Class{Structure, Waterproofing, Insulation, HeatingCooling, Electrical, Plumbing, Equipment, Decoration, Other}
}

// ParseClass returns the class named s, or an invalid-kind error.
func ParseClass(s string) (Class, error) {
	for _, c := range Classes() {
		if string(c) == s {
			return c, nil
		}
	}
	return "", aftersales.Errorf(aftersales.KindInvalid, "component_class_unknown",
		"部位类别 %q 未知，应为%s", s, aftersales.Choices(Classes()...))
}

// ComponentLabel names a request's component in Chinese: the class's
// label when it is a class's ID, otherwise the text as typed.
func ComponentLabel(component string) string {
	if c, err := ParseClass(component); err == nil {
		return c.Label()
	}
	return component
}

// Label returns the class's Chinese name.
func (c Class) Label() string {
	return map[Class]string{Structure: "地基基础和主体结构", Waterproofing: "防水防渗漏", Insulation: "保温工程",
		HeatingCooling: "供热与供冷系统", Electrical: "电气管线", Plumbing: "给排水管道", Equipment: "设备安装",
		Decoration: "装修工程", Other: "其他"}[c]
}

// Floor is a statutory minimum warranty period and the law that sets it.
type Floor struct {
	Years   int    `json:"years"`   // a period in years, or
	Seasons int    `json:"seasons"` // heating or cooling seasons
	Law     string `json:"law"`     // the article, such as "建设工程质量管理条例 第四十条"
	// DesignLife: the floor is the design service life from the project's
	// data (Years then holds it, or 0 when the project has none).
	DesignLife bool `json:"design_life"`
}

// String describes the floor, such as "5 年（建设工程质量管理条例 第四十条）".
func (f Floor) String() string {
	switch {
	case f.Seasons > 0:
		return fmt.Sprintf("%d 个采暖期或供冷期（%s）", f.Seasons, f.Law)
	case f.DesignLife:
		return fmt.Sprintf("设计文件规定的合理使用年限 %d 年（%s）", f.Years, f.Law)
	case f.Years > 0:
		return fmt.Sprintf("%d 年（%s）", f.Years, f.Law)
	}
	return "无法定最低期限，由合同约定"
}

const (
	lawRegulation = "建设工程质量管理条例 第四十条"
	lawOrder80    = "房屋建筑工程质量保修办法（建设部令第80号）第七条"
	lawEnergy     = "民用建筑节能条例 第二十三条"
)

// StatutoryFloor returns the law's minimum for class c. designLife is the
// project's design service life in years (for Structure).
func StatutoryFloor(c Class, designLife int) Floor {
	switch c {
	case Structure:
		return Floor{Years: designLife, DesignLife: true, Law: lawRegulation + "；" + lawOrder80}
	case Waterproofing:
		return Floor{Years: 5, Law: lawRegulation + "；" + lawOrder80}
	case Insulation:
		return Floor{Years: 5, Law: lawEnergy}
	case HeatingCooling:
		return Floor{Seasons: 2, Law: lawRegulation + "；" + lawOrder80}
	case Electrical, Plumbing, Equipment, Decoration:
		return Floor{Years: 2, Law: lawRegulation + "；" + lawOrder80}
	}
	return Floor{}
}

package aftersales

import "strings"

// Labelled is a code with a Chinese name: Channel, Cause, FeedbackKind
// and the other vocabularies a form offers.
type Labelled interface {
	~string
	Label() string
}

// Choices names the values a field takes, for a message a person reads
// and a program can act on: each value's Chinese name with its code, as
// 电话（phone）、邮件（email）或现场（onsite）.
func Choices[T Labelled](values ...T) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = v.Label() + "（" + string(v) + "）"
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], "、") + "或" + parts[len(parts)-1]
}

// Channels returns the channels of P1.1, in the order forms list them.
func Channels() []Channel {
	return []Channel{ChannelPhone, ChannelEmail, ChannelWeChat, ChannelOnSite}
}

// Causes returns the causes, in the order forms list them.
func Causes() []Cause {
	return []Cause{CauseConstruction, CauseMaterial, CauseDesign, CauseOther, CauseMisuse, CauseThirdParty, CauseForceMajeure}
}

// ProjectKinds returns the project kinds of G2.
func ProjectKinds() []ProjectKind {
	return []ProjectKind{Residential, Commercial, Industrial, OtherKind}
}

// Label returns the project kind's Chinese name.
func (k ProjectKind) Label() string {
	return map[ProjectKind]string{Residential: "住宅", Commercial: "商业", Industrial: "工业", OtherKind: "其他"}[k]
}

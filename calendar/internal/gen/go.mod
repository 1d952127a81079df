// Module gen is the go generate step of package calendar. It is a module of
// its own so that the lunar library it uses at generate time never becomes a
// dependency of shouhou.
module github.com/shouhou/shouhou/calendar/internal/gen

go 1.26

require github.com/6tail/lunar-go v1.4.7

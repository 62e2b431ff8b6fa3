module github.com/go-ego/gse

go 1.17

require (
	github.com/vcaesar/cedar v0.20.2
	github.com/vcaesar/tt v0.20.1
)

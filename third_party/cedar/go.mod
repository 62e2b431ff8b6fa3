module github.com/vcaesar/cedar

go 1.17

require github.com/vcaesar/tt v0.20.1

package alerts

import "strconv"

// SignForTest signs a link's fields as ackLinks does.
func SignForTest(key []byte, episode, route string, exp int64) string {
	return sign(key, episode+"\x00"+route+"\x00"+strconv.FormatInt(exp, 10))
}

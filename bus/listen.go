package bus

import "net"

// loopbackListen keeps the embedded broker off every interface but loopback,
// whatever address kfake asks for.
func loopbackListen(network, address string) (net.Listener, error) {
	_, port, err := net.SplitHostPort(address)
	if err != nil {
		port = "0"
	}
	return net.Listen(network, net.JoinHostPort("127.0.0.1", port))
}

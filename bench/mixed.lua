-- wrk: /network and /metrics in turn on every connection, each as its clients ask for it
-- (the dashboard's plain JSON; Prometheus' OpenMetrics with gzip).
local i = 0
local metrics = wrk.format("GET", "/metrics", {
	["Accept"] = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
	["Accept-Encoding"] = "gzip",
})
local network = wrk.format("GET", "/network")
request = function()
	i = i + 1
	if i % 2 == 0 then
		return metrics
	end
	return network
end

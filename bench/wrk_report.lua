-- wrk script for the benchmark (bench/_wrk.py): counts the requests sent and the responses
-- other than 200, and prints the run as one line of JSON after "WRK_REPORT ", with every
-- latency wrk recorded (microseconds, as "value:count" pairs) so that rounds can be pooled.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  not_ok = 0
end

function request()
  sent = sent + 1
  return wrk.request()
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local total_sent, total_not_ok = 0, 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_not_ok = total_not_ok + thread:get("not_ok")
  end
  local values = {}
  for i = 1, #latency do
    local value, count = latency(i)
    values[#values + 1] = string.format('"%d:%d"', value, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_REPORT {"requests": %d, "sent": %d, "not_200": %d, "duration_us": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, '
      .. '"timeouts": %d, "latencies_us": [%s]}\n',
    summary.requests, total_sent, total_not_ok, summary.duration,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    table.concat(values, ", ")
  ))
end

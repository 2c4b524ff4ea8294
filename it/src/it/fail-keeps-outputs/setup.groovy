// An earlier, good generation.
def out = new File(basedir, 'target/ratelimit')
out.mkdirs()
new File(out, 'kept.asl.json').text = '{"earlier": true}\n'
return true

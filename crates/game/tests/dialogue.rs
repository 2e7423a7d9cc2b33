use cslab_game::world::{END, GameParams, GameSim};

#[test]
fn debug_print() {
    for (tick, loss, fail) in [(20, 0, false), (64, 5, true)] {
        let mut sim = GameSim::new(&GameParams {
            tick,
            loss_percent: loss,
            fail,
            seed: 1,
        });
        sim.world_mut().run_until(END);
        println!("{:#?}", sim.report());
        let names = sim.world().names();
        let mut n = 0;
        for h in sim.world().trace().headers() {
            n += 1;
            if n > 400 {
                continue;
            }
            let what = match h.msg.app {
                cslab_sim::proto::AppMsg::Text(t) => names.text(t.line).to_owned(),
                cslab_sim::proto::AppMsg::Http(x) => {
                    names.text(x.head).lines().next().unwrap_or("").to_owned()
                }
                _ => format!("{:?}", h.msg.tls.map(|r| r.content)),
            };
            println!(
                "{:?} {}->{} {}:{} {}",
                h.proto, h.src, h.dst, h.src_port, h.dst_port, what
            );
        }
        println!("headers {n}");
    }
}
